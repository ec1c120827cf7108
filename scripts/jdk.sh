# Sourced by ./build, ./jvino and .ci/run: finds a JDK 25 or newer and exports JAVA_HOME.
# Order: JAVA_HOME if it is 25+, then the usual JVM folders (JVINO_JVM_DIRS, a colon-separated list,
# replaces them: tests use it). Fails with a message naming what to install.

jvino_required_java=25

# Prints the feature version (17, 25, ...) of the JDK at $1, or nothing when it is not a JDK.
jvino_jdk_version() {
  local home=$1 v=""
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 0
  if [ -f "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\{0,1\}\([0-9][0-9]*\).*/\1/p' "$home/release" | head -n 1)
  fi
  if [ -z "$v" ]; then
    v=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9][0-9]*\).*/\1/p' | head -n 1)
  fi
  # Java 8 and older report 1.x
  [ "$v" = "1" ] && v=8
  printf '%s' "$v"
}

jvino_find_jdk() {
  local v
  if [ -n "${JAVA_HOME:-}" ]; then
    v=$(jvino_jdk_version "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge "$jvino_required_java" ]; then
      return 0
    fi
    if [ -n "$v" ]; then
      jvino_rejected_java_home="JAVA_HOME=$JAVA_HOME is Java $v; jvino needs $jvino_required_java+."
    else
      jvino_rejected_java_home="JAVA_HOME=$JAVA_HOME is not a JDK (no bin/java and bin/javac); jvino needs a JDK $jvino_required_java+."
    fi
  fi
  local dirs="${JVINO_JVM_DIRS:-/usr/lib/jvm:/usr/java:/opt/java:/opt/jdk:/usr/local/java:$HOME/.sdkman/candidates/java:$HOME/.jdks:/Library/Java/JavaVirtualMachines}"
  local best="" best_v=0 dir cand home
  local IFS=:
  for dir in $dirs; do
    [ -d "$dir" ] || continue
    for cand in "$dir"/*; do
      home=$cand
      [ -d "$home/Contents/Home" ] && home=$home/Contents/Home
      v=$(jvino_jdk_version "$home")
      if [ -n "$v" ] && [ "$v" -ge "$jvino_required_java" ] && [ "$v" -gt "$best_v" ]; then
        best=$home
        best_v=$v
      fi
    done
  done
  if [ -n "$best" ]; then
    JAVA_HOME=$best
    export JAVA_HOME
    return 0
  fi
  {
    [ -n "${jvino_rejected_java_home:-}" ] && echo "jvino: $jvino_rejected_java_home"
    echo "jvino: no JDK $jvino_required_java or newer found (looked at JAVA_HOME and in ${dirs})."
    echo "jvino: install a JDK $jvino_required_java, e.g. Eclipse Temurin 25 (apt-get install temurin-25-jdk from the Adoptium repository, or sdk install java 25-tem),"
    echo "jvino: then set JAVA_HOME to it."
  } >&2
  return 1
}
