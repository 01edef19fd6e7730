#!/usr/bin/env node
// npm's bin shim: runs the built host (npm run build makes dist/host/bastionless.cjs).
require("../dist/host/bastionless.cjs");
