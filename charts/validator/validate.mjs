// Strict validation of rendered Kubernetes manifests, run by the charts tests
// (dev.pressure.charts.ManifestValidator):  node validate.mjs manifests.json
//
// The schemas and validators are the npm packages' (kubernetes-models 5.1.0 and
// @kubernetes-models/prometheus-operator, generated from the Kubernetes OpenAPI and the
// prometheus-operator CRDs with ajv). Those validators ignore unknown fields, as the API
// server's non-strict decoding does; this script makes them strict: each object is
// wrapped in a Proxy that records which keys the validator reads, and a key it never reads
// is a field the schema does not have. An object whose keys the validator enumerates is a
// map (labels, resources, annotations), where every key is allowed. A null anywhere is
// refused too: in a rendered manifest it is always a template that printed an empty key.
//
// Input: a JSON array of manifests. Output: one line per problem, "<kind>/<name> <path>: <why>";
// exit status 1 when there is any, 2 on bad input.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, "node_modules");
const k8s = (name) => join(modules, "kubernetes-models", "_schemas", `IoK8sApi${name}.js`);
const operator = (name) => join(modules, "@kubernetes-models", "prometheus-operator", "_schemas",
  `ComGithubPrometheusOperatorPrometheusOperatorPkgApisMonitoringV1${name}.js`);

// apiVersion/kind -> schema module. A kind the chart renders and this table lacks fails.
const SCHEMAS = {
  "v1/Service": k8s("CoreV1Service"),
  "v1/Pod": k8s("CoreV1Pod"),
  "v1/ConfigMap": k8s("CoreV1ConfigMap"),
  "apps/v1/Deployment": k8s("AppsV1Deployment"),
  "policy/v1/PodDisruptionBudget": k8s("PolicyV1PodDisruptionBudget"),
  "autoscaling/v2/HorizontalPodAutoscaler": k8s("AutoscalingV2HorizontalPodAutoscaler"),
  "monitoring.coreos.com/v1/ServiceMonitor": operator("ServiceMonitor"),
  "monitoring.coreos.com/v1/PrometheusRule": operator("PrometheusRule"),
};

function tracked(value, path, records, problems, where) {
  if (value === null) {
    problems.push(`${where} ${path || "/"}: null (an empty key in a template?)`);
    return value;
  }
  if (typeof value !== "object") {
    return value;
  }
  if (Array.isArray(value)) {
    return value.map((v, i) => tracked(v, `${path}/${i}`, records, problems, where));
  }
  const record = { path, keys: Object.keys(value), read: new Set(), enumerated: false };
  records.push(record);
  const target = {};
  for (const [k, v] of Object.entries(value)) {
    target[k] = tracked(v, `${path}/${k}`, records, problems, where);
  }
  return new Proxy(target, {
    get(t, key, receiver) {
      if (typeof key === "string") record.read.add(key);
      return Reflect.get(t, key, receiver);
    },
    has(t, key) {
      if (typeof key === "string") record.read.add(key);
      return Reflect.has(t, key);
    },
    ownKeys(t) {
      record.enumerated = true;
      return Reflect.ownKeys(t);
    },
  });
}

async function validateOne(manifest, problems) {
  const where = `${manifest?.kind}/${manifest?.metadata?.name}`;
  const schema = SCHEMAS[`${manifest?.apiVersion}/${manifest?.kind}`];
  if (!schema) {
    problems.push(`${where}: no schema for apiVersion ${manifest?.apiVersion} kind ${manifest?.kind}`);
    return;
  }
  const { validate } = await import(pathToFileURL(schema).href);
  const records = [];
  const proxy = tracked(manifest, "", records, problems, where);
  if (!validate(proxy)) {
    for (const e of validate.errors) {
      problems.push(`${where} ${e.instancePath || "/"}: ${e.keyword} ${JSON.stringify(e.params)}`);
    }
  }
  for (const r of records) {
    if (r.enumerated) continue;
    for (const key of r.keys) {
      if (!r.read.has(key)) problems.push(`${where} ${r.path}/${key}: unknown field`);
    }
  }
}

const file = process.argv[2];
let manifests;
try {
  manifests = JSON.parse(readFileSync(file, "utf8"));
  if (!Array.isArray(manifests)) throw new Error("not a JSON array");
} catch (e) {
  console.error(`usage: node validate.mjs manifests.json (a JSON array of manifests): ${e.message}`);
  process.exit(2);
}
const problems = [];
for (const m of manifests) {
  await validateOne(m, problems);
}
for (const p of problems) console.log(p);
console.log(`validated ${manifests.length} manifests, ${problems.length} problems`);
process.exit(problems.length === 0 ? 0 : 1);
