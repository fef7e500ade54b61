// open311@0.0.12 depends on sparkxml from a git URL that npm cannot fetch here; its JSON mode never calls it.
module.exports = { parseXml() { throw new Error('sparkxml is not available: use the open311 client in JSON mode'); } };
