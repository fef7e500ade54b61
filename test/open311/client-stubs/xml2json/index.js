// open311@0.0.12 wants xml2json ~0.2.4 (node-expat 1.4.1, a native addon that predates Node 20); its JSON mode never calls it.
module.exports = { toJson() { throw new Error('xml2json is not available: use the open311 client in JSON mode'); } };
