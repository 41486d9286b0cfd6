// Writes the golden vectors of the Merkle tests with the real
// @openzeppelin/merkle-tree: for each case, NAME.dump.json is exactly
// JSON.stringify(StandardMerkleTree.of(values, ["address","uint256"]).dump())
// and NAME.proofs.json holds the root and every value's proof.
//
// Run through the Go test: go test ./internal/recovery -run TestMerkleGolden -update
// (it sets NODE_PATH to contracts/node_modules).
"use strict";
const fs = require("fs");
const path = require("path");
const { StandardMerkleTree } = require("@openzeppelin/merkle-tree");
const { keccak256 } = require("ethereum-cryptography/keccak");
const { utf8ToBytes, bytesToHex } = require("ethereum-cryptography/utils");

function checksum(addr) {
  const a = addr.toLowerCase().replace(/^0x/, "");
  const h = bytesToHex(keccak256(utf8ToBytes(a)));
  let out = "0x";
  for (let i = 0; i < 40; i++) out += parseInt(h[i], 16) >= 8 ? a[i].toUpperCase() : a[i];
  return out;
}

// xorshift32: a fixed pseudo-random sequence, so the vectors never change.
function rng(seed) {
  let x = seed >>> 0;
  return () => {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return x;
  };
}

function randomValues(n, seed) {
  const r = rng(seed);
  const values = [];
  for (let i = 0; i < n; i++) {
    let a = "";
    while (a.length < 40) a += r().toString(16).padStart(8, "0");
    let amount = 0n;
    const words = 1 + (r() % 4);
    for (let w = 0; w < words; w++) amount = (amount << 32n) | BigInt(r());
    values.push([checksum("0x" + a.slice(0, 40)), amount.toString()]);
  }
  return values;
}

const max = ((1n << 256n) - 1n).toString();
const cases = {
  readme: [
    ["0x1111111111111111111111111111111111111111", "5000000000000000000"],
    ["0x2222222222222222222222222222222222222222", "2500000000000000000"],
  ],
  single: [[checksum("0x70997970c51812dc3a010c7d01b50e0d17dc79c8"), "1"]],
  three: randomValues(3, 3),
  duplicates: [
    [checksum("0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc"), "100"],
    [checksum("0x90f79bf6eb2c4f870365e785982e1f101e93b906"), "200"],
    [checksum("0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc"), "100"],
  ],
  edges: [
    ["0x0000000000000000000000000000000000000000", "0"],
    [checksum("0xffffffffffffffffffffffffffffffffffffffff"), max],
    [checksum("0x15d34aaf54267db7d7c367839aaf71a00a2c6a65"), "1"],
    [checksum("0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc"), "340282366920938463463374607431768211456"],
  ],
  random37: randomValues(37, 37),
  random100: randomValues(100, 100),
  lowercase: randomValues(5, 5).map(([a, v]) => [a.toLowerCase(), v]),
};

const dir = __dirname;
for (const [name, values] of Object.entries(cases)) {
  const tree = StandardMerkleTree.of(values, ["address", "uint256"]);
  fs.writeFileSync(path.join(dir, name + ".dump.json"), JSON.stringify(tree.dump()) + "\n");
  const proofs = values.map((_, i) => tree.getProof(i));
  const out = { root: tree.root, checksummed: values.every(([a]) => a === checksum(a)), proofs };
  fs.writeFileSync(path.join(dir, name + ".proofs.json"), JSON.stringify(out, null, 1) + "\n");
}
