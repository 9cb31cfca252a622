// Builds and packs the package once for the whole queue suite (every test file installs it into its own cluster),
// unless SFN_PACKED_TARBALL already names a packed tarball.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');

const { packProject } = require('../../support/n8nInstance');

module.exports = async function packOnce() {
	if (process.env.SFN_PACKED_TARBALL) return;
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'sfn-queue-pack-'));
	process.env.SFN_PACKED_TARBALL = packProject(folder);
	process.env.SFN_QUEUE_PACK_FOLDER = folder;
};
