# The seed's rollback decision tree on PostgreSQL, MariaDB and SQLite: each branch chosen from real evidence,
# its plan carried out until the database equals the state before the run.

BeforeDiscovery {
    $script:Providers = @(
        @{ Provider = 'PostgreSql'; Transactional = $true }
        @{ Provider = 'MySql'; Transactional = $false }
        @{ Provider = 'Sqlite'; Transactional = $true }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force

}

Describe 'Rollback plans on <Provider>' -Tag Integration -ForEach $Providers {
    BeforeEach {
        $script:Db = New-TestDatabase $Provider
        $null = Invoke-TestSql -Url $Db -Sql "CREATE TABLE customers (id INTEGER PRIMARY KEY, name VARCHAR(40) NOT NULL); INSERT INTO customers VALUES (1, 'ann'), (2, 'bob'), (3, 'cy');"
        $script:Before = Get-TestCustomerState $Db
    }

    AfterEach {
        Remove-TestDatabase $Db
    }

    It 'a run that fails part way: PartialFailure, and the plan takes the whole run back' {
        $folder = New-TestMigrationFolder @{
            '1_a.up.sql' = 'CREATE TABLE a (id INTEGER);'; '1_a.down.sql' = 'DROP TABLE a;'
            '2_b.up.sql' = 'CREATE TABLE b (id INTEGER);'; '2_b.down.sql' = 'DROP TABLE b;'
            '3_c.up.sql' = "CREATE TABLE c (id INTEGER);`nINSERT INTO no_such_table VALUES (1);"; '3_c.down.sql' = 'DROP TABLE c;'
        }
        $run = Invoke-Migration -Path $folder -Database $Db -ErrorAction SilentlyContinue

        $plan = $run | Get-RollbackPlan
        $plan.Branch | Should -Be 'PartialFailure'
        $plan.Evidence -join ' ' | Should -Match 'Migration 3 \(c\) failed'
        $plan.Steps.Kind | Should -Be $(if ($Transactional) { @('UndoMigration', 'UndoMigration') } else { @('ForceUndoMigration', 'UndoMigration', 'UndoMigration') })
        $plan.Steps[-1].Command | Should -Be 'Undo-Migration -Version 1'

        $results = $plan | Invoke-RollbackPlan -Confirm:$false -WarningAction SilentlyContinue
        $results.Status | Should -Not -Contain 'Failed'
        (Get-TestCustomerState $Db).Schema | Should -Be $Before.Schema
        (Get-MigrationHistory -Database $Db | Where-Object Action -eq 'RollbackPlan').Count | Should -Be $plan.Steps.Count
        Remove-Item -Recurse -Force $folder
    }

    It 'a first migration that fails alone: SchemaIncomplete, found from the journal alone' {
        $folder = New-TestMigrationFolder @{ '1_c.up.sql' = "CREATE TABLE c (id INTEGER);`nINSERT INTO no_such_table VALUES (1);"; '1_c.down.sql' = 'DROP TABLE c;' }
        $null = Invoke-Migration -Path $folder -Database $Db -ErrorAction SilentlyContinue

        $plan = Get-RollbackPlan -Database $Db
        if ($Transactional) {
            # As for piped results: the run failed, and the failure rolled back with its transaction.
            $plan.Branch | Should -Be 'SchemaIncomplete'
            $plan.Steps | Should -BeNullOrEmpty -Because 'the failed migration was rolled back; the journal holds nothing to undo'
            $plan.Evidence -join ' ' | Should -Match 'rolled back with it'
        }
        else {
            $plan.Branch | Should -Be 'SchemaIncomplete'
            $plan.Steps.Kind | Should -Be 'ForceUndoMigration'
            $null = $plan | Invoke-RollbackPlan -Confirm:$false -WarningAction SilentlyContinue
        }
        (Get-TestCustomerState $Db).Schema | Should -Be $Before.Schema
        Remove-Item -Recurse -Force $folder
    }

    It 'a run that damages data: DataCorruption from the table against its backup, and the restore puts every row back' {
        $null = New-MigrationBackup -Database $Db -Table customers
        $folder = New-TestMigrationFolder @{ '1_rename.up.sql' = "UPDATE customers SET name = 'oops';"; '1_rename.down.sql' = 'SELECT 1;' }
        $run = Invoke-Migration -Path $folder -Database $Db

        $plan = $run | Get-RollbackPlan
        $plan.Branch | Should -Be 'DataCorruption'
        $plan.Steps.Kind | Should -Be 'RestoreBackup'
        $null = $plan | Invoke-RollbackPlan -Confirm:$false
        (Get-TestCustomerState $Db).Rows | Should -Be $Before.Rows
        (Get-MigrationHistory -Database $Db).Action | Should -Contain 'Restore' -Because 'the incident report tells restores'
        New-MigrationIncidentReport -Database $Db | Should -Match 'Restore customers from backup'
        Remove-Item -Recurse -Force $folder
    }

    It 'DataCorruption from the journal alone: no results piped, the migration files deleted' {
        $null = New-MigrationBackup -Database $Db -Table customers
        $folder = New-TestMigrationFolder @{
            '1_first.up.sql' = 'CREATE TABLE unrelated (id INTEGER);'; '1_first.down.sql' = 'DROP TABLE unrelated;'
        }
        $null = Invoke-Migration -Path $folder -Database $Db
        # The newest run is the release that damaged the data; the run before it touched nothing of it.
        Set-Content -LiteralPath (Join-Path $folder '2_rename.up.sql') -Value "UPDATE customers SET name = 'oops';"
        Set-Content -LiteralPath (Join-Path $folder '2_rename.down.sql') -Value 'SELECT 1;'
        Set-Content -LiteralPath (Join-Path $folder '3_more.up.sql') -Value 'CREATE TABLE more_t (id INTEGER);'
        Set-Content -LiteralPath (Join-Path $folder '3_more.down.sql') -Value 'DROP TABLE more_t;'
        $null = Invoke-Migration -Path $folder -Database $Db
        Remove-Item -Recurse -Force $folder

        $plan = Get-RollbackPlan -Database $Db
        $plan.Branch | Should -Be 'DataCorruption'
        $plan.Evidence -join ' ' | Should -Match 'customers'
        $plan.Steps.Kind | Should -Be 'RestoreBackup'
        $null = $plan | Invoke-RollbackPlan -Confirm:$false
        (Get-TestCustomerState $Db).Rows | Should -Be $Before.Rows
    }

    It 'a degraded run: PerformanceDegradation drops the indexes it created' {
        $folder = New-TestMigrationFolder @{ '1_index.up.sql' = 'CREATE INDEX ix_customers_name ON customers (name);'; '1_index.down.sql' = 'SELECT 1;' }
        $run = Invoke-Migration -Path $folder -Database $Db

        $plan = $run | Get-RollbackPlan -Symptom PerformanceDegradation
        $plan.Steps.Index | Should -Be 'ix_customers_name'
        $null = $plan | Invoke-RollbackPlan -Confirm:$false
        (Get-TestCustomerState $Db).Schema | Should -Be $Before.Schema
        Remove-Item -Recurse -Force $folder
    }

    It 'application errors: the application is rolled back first, then the schema; the plan survives JSON' {
        $folder = New-TestMigrationFolder @{ '1_col.up.sql' = 'ALTER TABLE customers ADD COLUMN tier INTEGER;'; '1_col.down.sql' = 'ALTER TABLE customers DROP COLUMN tier;' }
        $run = Invoke-Migration -Path $folder -Database $Db
        $marker = Join-Path $folder 'application-rolled-back.txt'
        $file = Join-Path $folder 'plan.json'

        $null = $run | Get-RollbackPlan -Symptom ApplicationErrors -ApplicationRollback ([scriptblock]::Create("Set-Content -LiteralPath '$marker' -Value done")) -OutFile $file
        $plan = Get-RollbackPlan -FromFile $file
        $plan.Steps.Kind | Should -Be @('ApplicationRollback', 'UndoMigration')

        $results = Invoke-RollbackPlan -Plan $plan -Database $Db -Confirm:$false
        $results.Status | Should -Be @('Succeeded', 'Succeeded')
        $marker | Should -Exist
        (Get-TestCustomerState $Db).Schema | Should -Be $Before.Schema
        Remove-Item -Recurse -Force $folder
    }

    It '-WhatIf runs no step' {
        $folder = New-TestMigrationFolder @{ '1_a.up.sql' = 'CREATE TABLE a (id INTEGER);'; '1_a.down.sql' = 'DROP TABLE a;' }
        $run = Invoke-Migration -Path $folder -Database $Db
        $results = $run | Get-RollbackPlan -Symptom ApplicationErrors | Invoke-RollbackPlan -WhatIf
        $results.Status | Should -Be 'Skipped'
        Get-TestTableNames $Db | Should -Contain 'a'
        Remove-Item -Recurse -Force $folder
    }
}
