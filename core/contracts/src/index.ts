// Contract ABIs and creation bytecode: <Name>Abi / <Name>Bytecode (regenerate with `npm run gen:abis`).
export * from './generated/abis.js';
