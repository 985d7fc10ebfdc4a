namespace RollbackTools
{
    // Why these are internal: ConvertTo-Json writes every public .NET property of an object, so an output
    // type's public shape is its export shape (text, numbers, dates). PowerShell reads the typed values
    // through these under the same property names (module/RollbackTools.Types.ps1xml), so versions sort
    // as versions and -Database binds with its credentials.

    /// <summary>An output that names the database it came from.</summary>
    internal interface IHasTarget
    {
        DatabaseTarget? Target { get; }
    }

    /// <summary>An output that names a migration version.</summary>
    internal interface IHasVersion
    {
        MigrationVersion? TypedVersion { get; }
    }
}
