using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;

namespace RollbackTools.Loading
{
    /// <summary>
    /// Runs when Import-Module loads this assembly. It answers the default context's request for the
    /// engine, and only the engine, from the private context; everything the engine needs then loads
    /// there too.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private const string EngineAssemblyName = "RollbackTools.Engine";

        private static readonly string DependencyDirectory =
            Path.Combine(Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? ".", "Dependencies");

        // One context per process: a second copy of the engine would make its types incompatible across runspaces.
        private static readonly DependencyLoadContext DependencyContext = new DependencyLoadContext(DependencyDirectory);

        public void OnImport()
        {
            // Each runspace that imports the module calls this; keep a single registration.
            AssemblyLoadContext.Default.Resolving -= ResolveEngine;
            AssemblyLoadContext.Default.Resolving += ResolveEngine;
        }

        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            AssemblyLoadContext.Default.Resolving -= ResolveEngine;
        }

        private static Assembly? ResolveEngine(AssemblyLoadContext defaultContext, AssemblyName assemblyName) =>
            assemblyName.Name == EngineAssemblyName ? DependencyContext.LoadFromAssemblyName(assemblyName) : null;
    }
}
