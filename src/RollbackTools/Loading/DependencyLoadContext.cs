using System;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace RollbackTools.Loading
{
    /// <summary>
    /// The module's private load context: the engine and every driver it uses (Npgsql, MySqlConnector,
    /// Microsoft.Data.Sqlite, Microsoft.Extensions.*) load from Dependencies/ here, so another module that
    /// loaded a different version of any of them neither breaks us nor is broken by us.
    /// </summary>
    internal sealed class DependencyLoadContext : AssemblyLoadContext
    {
        private readonly string dependencyDirectory;
        private readonly string frameworkDirectory;

        public DependencyLoadContext(string dependencyDirectory)
            : base("RollbackTools.Dependencies", isCollectible: false)
        {
            this.dependencyDirectory = dependencyDirectory;
            frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location) ?? string.Empty;
        }

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            string fileName = assemblyName.Name + ".dll";

            // The runtime's own assemblies are shared with PowerShell: a second System.* would split its types.
            if (File.Exists(Path.Combine(frameworkDirectory, fileName)))
            {
                return null;
            }

            string path = Path.Combine(dependencyDirectory, fileName);
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }

        /// <summary>
        /// SQLite's e_sqlite3 lives under runtimes/{rid}/native/, where nothing looks for it when the
        /// assembly is loaded from a module folder rather than an application's deps.json.
        /// </summary>
        protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
        {
            string native = Path.Combine(dependencyDirectory, "runtimes", RuntimeIdentifier(), "native");
            foreach (string candidate in NativeFileNames(unmanagedDllName))
            {
                string path = Path.Combine(native, candidate);
                if (File.Exists(path))
                {
                    return LoadUnmanagedDllFromPath(path);
                }
            }

            return IntPtr.Zero;
        }

        private static string[] NativeFileNames(string name)
        {
            if (OperatingSystem.IsWindows())
            {
                return new[] { name, name + ".dll" };
            }

            string extension = OperatingSystem.IsMacOS() ? ".dylib" : ".so";
            return new[] { name, "lib" + name + extension, name + extension };
        }

        private static string RuntimeIdentifier()
        {
            string os = OperatingSystem.IsWindows() ? "win"
                : OperatingSystem.IsMacOS() ? "osx"
                : File.Exists("/etc/alpine-release") ? "linux-musl"
                : "linux";
            string architecture = RuntimeInformation.ProcessArchitecture switch
            {
                Architecture.X64 => "x64",
                Architecture.X86 => "x86",
                Architecture.Arm64 => "arm64",
                Architecture.Arm => "arm",
                Architecture.S390x => "s390x",
                Architecture.Ppc64le => "ppc64le",
                _ => RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant(),
            };
            return os + "-" + architecture;
        }
    }
}
