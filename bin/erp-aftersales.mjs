#!/usr/bin/env node
// The CLI lives in the built bundle so it runs without a TypeScript toolchain.
import '../dist/cli.js';
