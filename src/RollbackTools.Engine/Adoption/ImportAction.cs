namespace RollbackTools
{
    /// <summary>What Import-MigrationHistory did with one row of the other tool's history.</summary>
    // 64-bit so that ConvertTo-Json writes it by name, as Export-Csv does (PowerShell writes 32-bit enums as numbers).
    public enum ImportAction : long
    {
        /// <summary>Recorded in our journal (or, with -WhatIf, would be).</summary>
        Imported,

        /// <summary>Our journal already has the migration: nothing changed (imports can run again).</summary>
        AlreadyRecorded,

        /// <summary>No migration in -Path matches the row: nothing recorded for it.</summary>
        Unmatched,
    }
}
