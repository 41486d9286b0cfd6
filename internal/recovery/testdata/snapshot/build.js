// Compiles GrossFeeToken.sol with the solc-js pinned in contracts/ and
// writes GrossFeeToken.json ({"abi", "bytecode"}) next to it.
// Run through the Go test: go test ./internal/recovery -run TestGrossFeeTokenArtifact -update
// (it sets NODE_PATH to contracts/node_modules).
"use strict";
const fs = require("fs");
const path = require("path");
const solc = require("solc");

const src = path.join(__dirname, "GrossFeeToken.sol");
const input = {
  language: "Solidity",
  sources: { "GrossFeeToken.sol": { content: fs.readFileSync(src, "utf8") } },
  settings: {
    optimizer: { enabled: true, runs: 200 },
    evmVersion: "cancun",
    metadata: { bytecodeHash: "none", appendCBOR: false },
    outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } },
  },
};
const out = JSON.parse(solc.compile(JSON.stringify(input)));
const errors = (out.errors || []).filter((e) => e.severity === "error");
if (errors.length) {
  process.stderr.write(errors.map((e) => e.formattedMessage).join("\n"));
  process.exit(1);
}
const c = out.contracts["GrossFeeToken.sol"].GrossFeeToken;
const artifact = { abi: c.abi, bytecode: "0x" + c.evm.bytecode.object };
fs.writeFileSync(path.join(__dirname, "GrossFeeToken.json"), JSON.stringify(artifact, null, 1) + "\n");
