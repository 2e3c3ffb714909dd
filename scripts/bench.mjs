// `npm run bench`: each section measures one part of the project and prints its own table.
// Add a section by appending to SECTIONS; `npm run bench -- <name>` runs only the named ones.
const SECTIONS = [
  {
    name: 'bundle',
    title: 'Script-tag bundle size (dist/gotrue-auth.js)',
    run: async () => (await import('./bench-bundle.mjs')).benchBundle(),
  },
  {
    name: 'server',
    title: 'Local GoTrue server (src/server)',
    run: async () => (await import('./bench-server.mjs')).benchServer(),
  },
];

const wanted = process.argv.slice(2);
const chosen = wanted.length ? SECTIONS.filter((s) => wanted.includes(s.name)) : SECTIONS;
if (!chosen.length) {
  console.error(`No bench section named ${wanted.join(', ')}; sections: ${SECTIONS.map((s) => s.name).join(', ')}`);
  process.exit(1);
}

let failed = false;
for (const section of chosen) {
  console.log(`\n== ${section.title} ==`);
  try {
    await section.run();
  } catch (error) {
    failed = true;
    console.error(`${section.name} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
process.exit(failed ? 1 : 0);
