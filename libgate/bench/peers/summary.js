// The `tfgate diff --summary --format json` result computed by node, as a peer for benchmarks.
const fs = require("fs");
const plan = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const order = ["create", "update", "replace", "replace-create-first", "forget-create", "delete", "forget", "read", "no-op"];
const name = (a) => {
  const s = a.join(",");
  if (s === "delete,create") return "replace";
  if (s === "create,delete") return "replace-create-first";
  if (s === "create,forget" || s === "forget,create") return "forget-create";
  return a[0];
};
const counts = Object.fromEntries(order.map((o) => [o, 0]));
const lists = {};
const rcs = plan.resource_changes || [];
for (const rc of rcs) {
  const a = name(rc.change.actions);
  counts[a]++;
  if (a !== "no-op") (lists[a] = lists[a] || []).push(rc.deposed ? `${rc.address} (deposed ${rc.deposed})` : rc.address);
}
const changes = {};
for (const o of order) if (lists[o]) changes[o] = lists[o];
process.stdout.write(JSON.stringify({ total: rcs.length, counts, changes }, null, 2) + "\n");
