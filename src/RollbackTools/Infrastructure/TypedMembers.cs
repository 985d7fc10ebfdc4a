using System.Management.Automation;

namespace RollbackTools.Infrastructure
{
    /// <summary>
    /// Getters of the code properties in RollbackTools.Types.ps1xml. An output's .NET property holds the
    /// plain value ConvertTo-Json and Export-Csv write; in PowerShell the same name gives the typed value,
    /// so Sort-Object Version compares versions and Get-Migration | Invoke-Migration binds -Database with
    /// the credentials it was connected with.
    /// </summary>
    /// <remarks>
    /// The getters return object: PowerShell reads RollbackTools.Types.ps1xml, and with it these
    /// signatures, before the module's initializer can answer for the engine's assembly.
    /// </remarks>
    public static class TypedMembers
    {
        public static object? Version(PSObject instance) =>
            instance.BaseObject is IHasVersion versioned ? versioned.TypedVersion : null;

        public static object? Database(PSObject instance) =>
            instance.BaseObject is IHasTarget targeted ? targeted.Target : null;
    }
}
