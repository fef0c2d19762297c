// Checks Kubernetes objects against the API's OpenAPI schema, as the npm package kubernetes-models compiles it for
// its Kubernetes version: reads a JSON array of objects on standard input and prints, for each, one JSON line with
// its kind, its name and what the schema finds wrong (nothing when it is valid). Run from the folder the package is
// installed in. An apiVersion and kind the package has no model for is itself an error.
import { readFileSync } from "node:fs";

const objects = JSON.parse(readFileSync(0, "utf8"));
for (const object of objects) {
  const apiVersion = String(object.apiVersion ?? "");
  const kind = String(object.kind ?? "");
  const slash = apiVersion.indexOf("/");
  const module = slash < 0
    ? `kubernetes-models/${apiVersion}/${kind}`
    : `kubernetes-models/${apiVersion.slice(0, slash)}/${apiVersion.slice(slash + 1)}/${kind}`;
  const errors = [];
  try {
    const Model = (await import(module))[kind];
    if (typeof Model !== "function" || !Model.is(object)) {
      errors.push(`${module} has no model for ${apiVersion} ${kind}`);
    } else {
      new Model(object).validate();
    }
  } catch (error) {
    const details = Array.isArray(error?.errors)
      ? error.errors.map((e) => `${e.instancePath || "/"} ${e.message ?? e.keyword} ${JSON.stringify(e.params ?? {})}`)
      : [String(error?.message ?? error)];
    errors.push(...details);
  }

  console.log(JSON.stringify({ kind, name: object.metadata?.name ?? "", errors }));
}
