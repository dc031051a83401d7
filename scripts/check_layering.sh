#!/usr/bin/env bash
# Rejects an #include that goes against the module order of DESIGN.md:
#   row 0 base; row 1 tiltfile, cache (unaware of each other); row 2 planner;
#   row 3 executor; row 4 ci; row 5 cli. A module includes only lower rows,
#   and only planner and cli may include tiltfile.
set -euo pipefail
cd "$(dirname "$0")/.."

rank() {
  case $1 in
    base) echo 0 ;; tiltfile | cache) echo 1 ;; planner) echo 2 ;;
    executor) echo 3 ;; ci) echo 4 ;; cli) echo 5 ;; *) echo -1 ;;
  esac
}

allowed() { # allowed MODULE INCLUDED
  local mod=$1 inc=$2
  [[ $inc == "$mod" || $inc == base ]] && return 0
  if [[ $inc == tiltfile ]]; then
    [[ $mod == planner || $mod == cli ]]
    return
  fi
  (($(rank "$inc") < $(rank "$mod")))
}

bad=0
for mod in base tiltfile cache planner executor ci cli; do
  [[ -d $mod ]] || continue
  while IFS=: read -r file line text; do
    inc=$(sed -E 's/.*#include *"([a-z_]+)\/.*/\1/' <<<"$text")
    [[ $(rank "$inc") == -1 ]] && continue
    if ! allowed "$mod" "$inc"; then
      echo "$file:$line: error: module '$mod' must not include '$inc/' (see DESIGN.md)" >&2
      bad=1
    fi
  done < <(grep -rnE '^\s*#\s*include *"[a-z_]+/' "$mod" --include='*.h' --include='*.cc' || true)
done
if ((bad)); then exit 1; fi
echo "layering: ok"
