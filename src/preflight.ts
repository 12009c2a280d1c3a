/** Fails loudly when npm fell back to the system Node instead of the pinned Node 24. */
export function assertNodeVersion(): void {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 24) {
    console.error(`Hearth needs Node 24 (found ${process.versions.node}). Run it through npm (npm start / npm test), which uses the pinned Node from node_modules.`);
    process.exit(1);
  }
}
