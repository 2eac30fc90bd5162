#!/usr/bin/env bash
# Builds the nanoCLR kit the interpreter tests and benchmarks use (tools/Interpreter looks for it), from the upstream
# sources at pinned commits:
#   nanoclr/nanoFramework.nanoCLR.test (+ .so)   nanoframework/nf-interpreter, targets/posix, CMake Release
#   mdp/MetadataProcessor.dll                    nanoframework/metadata-processor (Console + Shared), wrapped in net10.0 projects
#                                                (Mono.Cecil 0.11.6 from NuGet, mustache-sharp built from its sources)
#   runtime-native/nanoFramework.Runtime.Native.{dll,pe}   nanoframework/nanoFramework.Runtime.Native (GC.Run: free heap)
#
# Usage: bash tools/nanoclr-kit/build-kit.sh [KIT_DIR]        (default: .nanoclr-kit in the repository; ~10 min on 2 cores)
# Needs: git, cmake >= 3.24, ninja (or make), g++, the .NET 10 SDK, and either network access to github.com or local bare
# clones of the four repositories in $NANOCLR_SOURCES/<owner>+<name>/repo (any clone that contains the pinned commit).
# Steps whose output is present are skipped; FORCE=1 rebuilds everything.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
kit=$(mkdir -p "${1:-$repo/.nanoclr-kit}" && cd "${1:-$repo/.nanoclr-kit}" && pwd)
sources=${NANOCLR_SOURCES:-}
force=${FORCE:-0}
jobs=${JOBS:-$(nproc)}
work=$kit/work
mkdir -p "$work/src" "$work/logs"

# The commits the kit is pinned to (the ones ../shared/nanoclr was built from).
pin() {
  case "$1" in
    nanoframework/nf-interpreter) echo a3e8139a1ba778e33ca81b023099765eada6c456 ;;
    nanoframework/metadata-processor) echo 4541b46b25b6ddca89514c6627aa9973021b36d6 ;;
    jehugaleahsa/mustache-sharp) echo eada46d86b1284d73dbab2965c81d19a2f0ece6e ;;
    nanoframework/nanoFramework.Runtime.Native) echo a7c24bd4983163ba1a3febbedc23d13cb17cdf36 ;;
    *) echo "unknown repository $1" >&2; return 1 ;;
  esac
}

need() { command -v "$1" >/dev/null || { echo "build-kit: '$1' is missing ($2)" >&2; exit 1; }; }
need git "apt-get install git"
need cmake "apt-get install cmake"
need g++ "apt-get install g++"
need dotnet "the .NET 10 SDK"
generator="Unix Makefiles"; command -v ninja >/dev/null && generator=Ninja

# source_tree <owner/name> <folder> [paths...]: the pinned tree of a repository (only the paths given, if any: a partial
# clone need not hold the blobs of the rest), exported into $work/src/<folder>.
source_tree() {
  local name=$1 folder=$2 commit git_dir
  shift 2
  commit=$(pin "$name")
  if [ "$force" != 1 ] && [ "$(cat "$work/src/$folder.commit" 2>/dev/null)" = "$commit" ]; then
    return 0
  fi
  if [ -n "$sources" ] && [ -d "$sources/${name/\//+}/repo" ]; then
    git_dir=$sources/${name/\//+}/repo
  else
    git_dir=$work/git/${name/\//+}.git
    if [ ! -d "$git_dir" ]; then
      echo "cloning https://github.com/$name"
      git clone --quiet --bare --filter=blob:none "https://github.com/$name" "$git_dir"
    fi
  fi
  git --git-dir="$git_dir" cat-file -e "$commit^{commit}" || { echo "build-kit: $name has no commit $commit" >&2; exit 1; }
  rm -rf "${work:?}/src/$folder"; mkdir -p "$work/src/$folder"
  git --git-dir="$git_dir" archive "$commit" "$@" | tar -x -C "$work/src/$folder"
  echo "$commit" > "$work/src/$folder.commit"
  echo "sources: $name @ ${commit:0:7}"
}

# 0. nanoFramework's mscorlib (NuGet: nanoFramework.CoreLibrary 1.17.11), to compile Runtime.Native against.
corelib=$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')nanoframework.corelibrary/1.17.11/lib
if [ ! -f "$corelib/mscorlib.dll" ]; then
  mkdir -p "$work/corelib"
  cat > "$work/corelib/corelib.csproj" <<'XML'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageDownload Include="nanoFramework.CoreLibrary" Version="[1.17.11]" /></ItemGroup>
</Project>
XML
  dotnet restore "$work/corelib/corelib.csproj" -v q
fi

# Projects built under the kit must not pick up the repository's Directory.Build.props (warnings as errors, ...).
printf '<Project />\n' > "$work/Directory.Build.props"
printf '<Project />\n' > "$work/Directory.Build.targets"

# 1. The interpreter: nf-interpreter's POSIX host target.
if [ "$force" = 1 ] || [ ! -x "$kit/nanoclr/nanoFramework.nanoCLR.test" ]; then
  source_tree nanoframework/nf-interpreter nf-interpreter
  started=$(date +%s)
  cmake -S "$work/src/nf-interpreter/targets/posix" -B "$work/build-posix" -G "$generator" -DCMAKE_BUILD_TYPE=Release \
    '-DCMAKE_BUILD_RPATH=$ORIGIN' > "$work/logs/nanoclr-configure.log" 2>&1 \
    || { tail -30 "$work/logs/nanoclr-configure.log"; exit 1; }
  cmake --build "$work/build-posix" -j "$jobs" > "$work/logs/nanoclr-build.log" 2>&1 \
    || { tail -40 "$work/logs/nanoclr-build.log"; exit 1; }
  mkdir -p "$kit/nanoclr"
  cp "$(find "$work/build-posix" -name nanoFramework.nanoCLR.test -type f | head -1)" \
     "$(find "$work/build-posix" -name nanoFramework.nanoCLR.so -type f | head -1)" "$kit/nanoclr/"
  echo "nanoCLR built in $(( $(date +%s) - started )) s"
else
  echo "nanoCLR present"
fi

# 2. MetadataProcessor (.dll -> .pe), with mustache-sharp from its sources, in net10.0 wrapper projects of ours.
if [ "$force" = 1 ] || [ ! -f "$kit/mdp/MetadataProcessor.dll" ]; then
  source_tree jehugaleahsa/mustache-sharp mustache-sharp MustacheSharp
  source_tree nanoframework/metadata-processor metadata-processor MetadataProcessor.Console MetadataProcessor.Shared
  started=$(date +%s)
  mkdir -p "$work/mdp"
  for p in mustache-sharp MetadataProcessor.Core MetadataProcessor; do
    mkdir -p "$work/mdp/$p"
    sed "s#@SRC@#$work/src#g" "$here/$p.csproj.in" > "$work/mdp/$p/$p.csproj"
  done
  dotnet build "$work/mdp/MetadataProcessor/MetadataProcessor.csproj" -c Release -o "$kit/mdp" -v q -nologo \
    -p:DebugType=none > "$work/logs/mdp-build.log" 2>&1 || { grep -E 'error' "$work/logs/mdp-build.log" | sort -u | head -30; exit 1; }
  echo "MetadataProcessor built in $(( $(date +%s) - started )) s"
else
  echo "MetadataProcessor present"
fi

# 3. nanoFramework.Runtime.Native (its natives are in the POSIX nanoCLR): GC.Run(false) gives the free heap.
native=$kit/runtime-native/nanoFramework.Runtime.Native
if [ "$force" = 1 ] || [ ! -f "$native.pe" ]; then
  source_tree nanoframework/nanoFramework.Runtime.Native runtime-native nanoFramework.Runtime.Native
  mkdir -p "$kit/runtime-native"
  csc=$(ls -d "$(dirname "$(readlink -f "$(command -v dotnet)")")"/sdk/*/Roslyn/bincore/csc.dll | sort -V | tail -1)
  find "$work/src/runtime-native/nanoFramework.Runtime.Native" -name '*.cs' -print0 \
    | xargs -0 dotnet "$csc" -nologo -noconfig -nostdlib+ -langversion:9.0 -optimize+ -nowarn:1591 -target:library \
        -r:"$corelib/mscorlib.dll" -out:"$native.dll"
  dotnet "$kit/mdp/MetadataProcessor.dll" -loadHints mscorlib "$corelib/mscorlib.dll" -parse "$native.dll" -compile "$native.pe" false \
    > "$work/logs/runtime-native-mdp.log"
  echo "Runtime.Native built"
else
  echo "Runtime.Native present"
fi

# 4. Smoke: the interpreter starts and loads mscorlib.
"$kit/nanoclr/nanoFramework.nanoCLR.test" "$corelib/mscorlib.pe" > "$work/logs/smoke.log" 2>&1 || true
grep -q "Assembly: mscorlib" "$work/logs/smoke.log" || { echo "build-kit: the interpreter did not load mscorlib:"; tail -20 "$work/logs/smoke.log"; exit 1; }
echo "kit ready: $kit (tests find it there, or set NANOCLR_KIT=$kit)"
