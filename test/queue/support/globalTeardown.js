// Removes the tarball globalSetup.js packed.
'use strict';

const fs = require('fs');

module.exports = async function removePack() {
	if (process.env.SFN_QUEUE_PACK_FOLDER) fs.rmSync(process.env.SFN_QUEUE_PACK_FOLDER, { recursive: true, force: true });
};
