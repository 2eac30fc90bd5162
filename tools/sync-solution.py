#!/usr/bin/env python3
"""Writes Firmware.sln from the project files in the tree, so nobody edits GUIDs by hand.

Two solution configurations:
  Debug|Any CPU, Release|Any CPU  the host build: every SDK-style .csproj, no .nfproj (the dotnet CLI on
                                  Linux cannot build nanoFramework projects, so they are not selected);
  Device|Any CPU                  the device build for Visual Studio + the nanoFramework extension: every
                                  .nfproj, no .csproj.
`--check` fails when Firmware.sln is out of date (CI runs it).
"""
import os, re, sys, uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CSPROJ_TYPE = "9A19103F-16F7-4668-BE54-9A1E7A4F7556"
NFPROJ_TYPE = "11A8DD76-328B-46DF-9F39-F559912D0360"
HOST_CONFIGS = ["Debug", "Release"]

def projects():
    found = []
    for base, dirs, files in os.walk(ROOT):
        dirs[:] = sorted(d for d in dirs if d not in ("bin", "obj", ".git", "packages", "TestResults") and not d.startswith("."))
        for f in sorted(files):
            if f.endswith(".csproj") or f.endswith(".nfproj"):
                rel = os.path.relpath(os.path.join(base, f), ROOT)
                if f.endswith(".nfproj"):
                    m = re.search(r"<ProjectGuid>\{([^}]+)\}</ProjectGuid>", open(os.path.join(base, f)).read())
                    guid = m.group(1).upper()
                    kind = NFPROJ_TYPE
                else:
                    guid = str(uuid.uuid5(uuid.NAMESPACE_URL, "firmware/" + rel.replace(os.sep, "/"))).upper()
                    kind = CSPROJ_TYPE
                name = os.path.splitext(f)[0]
                if f.endswith(".nfproj"):
                    name += ".Device"
                found.append((name, rel.replace("/", "\\"), guid, kind))
    return found

def render():
    ps = projects()
    out = ["", "Microsoft Visual Studio Solution File, Format Version 12.00", "# Visual Studio Version 17",
           "VisualStudioVersion = 17.0.31903.59", "MinimumVisualStudioVersion = 10.0.40219.1"]
    for name, rel, guid, kind in ps:
        out.append('Project("{%s}") = "%s", "%s", "{%s}"' % (kind, name, rel, guid))
        out.append("EndProject")
    out.append("Global")
    out.append("\tGlobalSection(SolutionConfigurationPlatforms) = preSolution")
    for c in HOST_CONFIGS + ["Device"]:
        out.append("\t\t%s|Any CPU = %s|Any CPU" % (c, c))
    out.append("\tEndGlobalSection")
    out.append("\tGlobalSection(ProjectConfigurationPlatforms) = postSolution")
    for name, rel, guid, kind in ps:
        for c in HOST_CONFIGS + ["Device"]:
            if kind == CSPROJ_TYPE:
                cfg = c if c != "Device" else "Debug"
                build = c != "Device"
            else:
                cfg = c if c != "Device" else "Release"
                build = c == "Device"
            out.append("\t\t{%s}.%s|Any CPU.ActiveCfg = %s|Any CPU" % (guid, c, cfg))
            if build:
                out.append("\t\t{%s}.%s|Any CPU.Build.0 = %s|Any CPU" % (guid, c, cfg))
                if kind == NFPROJ_TYPE:
                    out.append("\t\t{%s}.%s|Any CPU.Deploy.0 = %s|Any CPU" % (guid, c, cfg))
    out.append("\tEndGlobalSection")
    out.append("\tGlobalSection(SolutionProperties) = preSolution")
    out.append("\t\tHideSolutionNode = FALSE")
    out.append("\tEndGlobalSection")
    out.append("EndGlobal")
    return "\r\n".join(out) + "\r\n"

def main():
    path = os.path.join(ROOT, "Firmware.sln")
    new = render()
    old = open(path, newline="").read() if os.path.exists(path) else ""
    if "--check" in sys.argv:
        if new != old:
            print("Firmware.sln is out of date (run tools/sync-solution.py)")
            return 1
        return 0
    if new != old:
        open(path, "w", newline="").write(new)
        print("updated Firmware.sln")
    return 0

if __name__ == "__main__":
    sys.exit(main())
