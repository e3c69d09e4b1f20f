#!/usr/bin/env node
'use strict';
// The CLI is bundled by `npm run build`; this shim only points at it.
require('../dist/cli.js');
