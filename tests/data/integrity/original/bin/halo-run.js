#!/usr/bin/env node
// The original runtime's runner (a stand-in for the test suite).
console.log("HALO runtime 1.0.0");
