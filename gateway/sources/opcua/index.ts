/** What other layers (the `linewatch opcua-browse` command) use of the OPC UA source; node-opcua itself loads only when they run. */
export { type BrowsedVariable, DEFAULT_BROWSE_OPTIONS, type BrowseOptions, type BrowseResultSummary, browseEndpoint } from './opcua-browse.js';
export { type CandidateHint, starterItems } from './candidate-hints.js';
export { checkOpcuaSource, OpcuaSourceSchema, type OpcuaSourceConfig } from './opcua-config.js';
export { type OpcuaEndpoint, resolveIdentity } from './opcua-connect.js';
