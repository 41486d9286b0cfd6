#!/usr/bin/env node
// Compiles contracts/src/*.sol with the pinned solc-js (standard JSON input)
// and writes one artifact per contract to artifacts/<Name>.json:
//   {"contractName", "abi", "bytecode", "deployedBytecode"}
// It also copies the audited Safe v1.4.1 artifacts, as shipped (not
// recompiled), from @safe-global/safe-contracts into the same format.
//
// The output is byte-for-byte deterministic: fixed compiler, fixed settings,
// no metadata hash and no CBOR trailer in the bytecode, sorted output.
//
// Usage: node build.js [OUT_DIR]   (default: artifacts next to this file)
"use strict";

const fs = require("fs");
const path = require("path");
const solc = require("solc");

const root = __dirname;
const srcDir = path.join(root, "src");
const nodeModules = path.join(root, "node_modules");
const outDir = path.resolve(process.argv[2] || path.join(root, "artifacts"));

// Library contracts compiled from node_modules whose artifacts we also want.
const extraSources = {
  "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol": ["ERC1967Proxy"],
};

// Safe v1.4.1 artifacts copied as shipped: artifact name -> path under the package.
const safeDir = path.join(nodeModules, "@safe-global", "safe-contracts", "build", "artifacts", "contracts");
const safeArtifacts = {
  SafeL2: "SafeL2.sol/SafeL2.json",
  SafeProxyFactory: "proxies/SafeProxyFactory.sol/SafeProxyFactory.json",
  CompatibilityFallbackHandler: "handler/CompatibilityFallbackHandler.sol/CompatibilityFallbackHandler.json",
  MultiSendCallOnly: "libraries/MultiSendCallOnly.sol/MultiSendCallOnly.json",
};

function fail(msg) {
  process.stderr.write(`build: ${msg}\n`);
  process.exit(1);
}

function findImport(importPath) {
  const candidate = path.join(nodeModules, importPath);
  if (!candidate.startsWith(nodeModules + path.sep)) {
    return { error: `import ${importPath} escapes node_modules` };
  }
  try {
    return { contents: fs.readFileSync(candidate, "utf8") };
  } catch (err) {
    return { error: `import ${importPath}: ${err.message} (run npm ci in contracts/)` };
  }
}

function compile() {
  const sources = {};
  const files = fs.readdirSync(srcDir).filter((f) => f.endsWith(".sol")).sort();
  if (files.length === 0) fail(`no .sol files in ${srcDir}`);
  for (const f of files) {
    sources[`src/${f}`] = { content: fs.readFileSync(path.join(srcDir, f), "utf8") };
  }
  for (const p of Object.keys(extraSources)) {
    const r = findImport(p);
    if (r.error) fail(r.error);
    sources[p] = { content: r.contents };
  }
  const input = {
    language: "Solidity",
    sources,
    settings: {
      optimizer: { enabled: true, runs: 200 },
      evmVersion: "cancun",
      metadata: { bytecodeHash: "none", appendCBOR: false },
      outputSelection: {
        "*": { "*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object"] },
      },
    },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImport }));
  let failed = false;
  for (const e of output.errors || []) {
    process.stderr.write(e.formattedMessage || e.message);
    if (e.severity === "error") failed = true;
  }
  if (failed) fail("compilation failed");

  const wanted = new Map();
  for (const f of files) wanted.set(`src/${f}`, null);
  for (const [p, names] of Object.entries(extraSources)) wanted.set(p, names);

  const artifacts = [];
  for (const [sourceName, contracts] of Object.entries(output.contracts || {})) {
    if (!wanted.has(sourceName)) continue;
    const only = wanted.get(sourceName);
    for (const [name, c] of Object.entries(contracts)) {
      if (only && !only.includes(name)) continue;
      const bytecode = c.evm.bytecode.object;
      if (!bytecode) continue; // interfaces and abstract contracts
      artifacts.push({
        contractName: name,
        abi: c.abi,
        bytecode: "0x" + bytecode,
        deployedBytecode: "0x" + c.evm.deployedBytecode.object,
      });
    }
  }
  return artifacts;
}

function safe() {
  return Object.entries(safeArtifacts).map(([name, rel]) => {
    const file = path.join(safeDir, rel);
    let a;
    try {
      a = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (err) {
      fail(`read Safe artifact ${file}: ${err.message} (run npm ci in contracts/)`);
    }
    if (!a.bytecode || a.bytecode === "0x") fail(`Safe artifact ${file} has no bytecode`);
    return { contractName: name, abi: a.abi, bytecode: a.bytecode, deployedBytecode: a.deployedBytecode };
  });
}

function main() {
  const all = [...compile(), ...safe()].sort((a, b) => a.contractName.localeCompare(b.contractName));
  const seen = new Set();
  for (const a of all) {
    if (seen.has(a.contractName)) fail(`two contracts are named ${a.contractName}`);
    seen.add(a.contractName);
  }
  fs.mkdirSync(outDir, { recursive: true });
  for (const f of fs.readdirSync(outDir)) {
    if (f.endsWith(".json")) fs.unlinkSync(path.join(outDir, f));
  }
  for (const a of all) {
    fs.writeFileSync(path.join(outDir, `${a.contractName}.json`), JSON.stringify(a, null, 2) + "\n");
  }
  process.stdout.write(`build: solc ${solc.version()}: wrote ${all.length} artifacts to ${outDir}\n`);
}

main();
