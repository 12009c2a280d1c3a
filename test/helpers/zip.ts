import { zipSource } from '../../src/usecases/hud/source.ts';

/** Every file of a zip as text (a HUD CSV export, a report's CSV download). */
export async function unzipText(zip: Buffer): Promise<Map<string, string>> {
  const src = await zipSource(zip);
  const out = new Map<string, string>();
  for (const name of src.names) {
    const chunks: Buffer[] = [];
    for await (const c of src.open(name)) chunks.push(Buffer.from(c));
    out.set(name, Buffer.concat(chunks).toString('utf8'));
  }
  src.close();
  return out;
}
