# The `tfgate diff --summary --format json` result computed by jq, as a peer for benchmarks.
def name: if . == ["delete","create"] then "replace" elif . == ["create","delete"] then "replace-create-first"
  elif . == ["create","forget"] or . == ["forget","create"] then "forget-create" else .[0] end;
def order: ["create","update","replace","replace-create-first","forget-create","delete","forget","read","no-op"];
[(.resource_changes // [])[] | {a: (.change.actions | name), addr: (if .deposed then "\(.address) (deposed \(.deposed))" else .address end)}] as $rc
| {total: ($rc | length),
   counts: (reduce order[] as $o ({}; .[$o] = ([$rc[] | select(.a == $o)] | length))),
   changes: (reduce (order[] | select(. != "no-op")) as $o ({}; ([$rc[] | select(.a == $o) | .addr]) as $l
             | if ($l | length) > 0 then .[$o] = $l else . end))}
