# Sourced by ./jointflow and ./test.sh: exports JAVA_HOME pointing at a JDK >= 21.
# Order: $JAVA_HOME, then the java on PATH, then /usr/lib/jvm/*; prints why when none is found.

jdk_major() { # $1 = JDK home; prints the major version or nothing
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  "$1/bin/java" -version 2>&1 | awk -F'"' '/version/ { split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit }'
}

find_jdk() {
  local candidates=() seen="" c m
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for c in /usr/lib/jvm/*; do [ -d "$c" ] && candidates+=("$c"); done
  for c in "${candidates[@]}"; do
    m=$(jdk_major "$c")
    if [ -n "$m" ] && [ "$m" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$c"
      return 0
    fi
    seen="$seen\n  $c${m:+ (Java $m)}"
  done
  printf 'jointflow: no JDK >= 21 found. Looked at:%b\n' "${seen:-\n  (nothing: JAVA_HOME unset, no java on PATH, /usr/lib/jvm empty)}" >&2
  printf 'Install one (e.g. Temurin 21: apt-get install temurin-21-jdk, or any JDK 21+) and set JAVA_HOME.\n' >&2
  return 1
}
