// Builds the front-end assets into oversight/static (not committed).
// Run through `npm run build`; `make assets` calls it when anything is missing.
import { mkdirSync, copyFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "oversight", "static");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");

mkdirSync(out, { recursive: true });

const css = sass.compile(join(root, "assets", "app.scss"), {
  style: "compressed",
  importers: [new sass.NodePackageImporter()],
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(out, "app.css"), css.css);

copyFileSync(join(govuk, "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
// Every module of the app's own (init.mjs, and one file per behaviour a page loads).
for (const name of readdirSync(join(root, "assets"))) {
  if (name.endsWith(".mjs") && name !== "build.mjs") {
    copyFileSync(join(root, "assets", name), join(out, name));
  }
}
console.log(`assets built in ${out}`);
