# Azure DevOps logging commands appear only when the agent's TF_BUILD is set.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Folder = New-TestMigrationFolder @{
        '1_ok.up.sql'       = 'CREATE TABLE ok (id INTEGER);'
        '1_ok.down.sql'     = 'DROP TABLE ok;'
        '2_broken.up.sql'   = 'INSERT INTO no_such_table VALUES (1);'
        '2_broken.down.sql' = 'SELECT 1;'
        '3_later.up.sql'    = 'CREATE TABLE later (id INTEGER);'
        '3_later.down.sql'  = 'DROP TABLE later;'
    }

    function script:Invoke-AgentTask([bool] $UnderAzureDevOps) {
        # A script task in its own process, as the agent runs it.
        $db = Join-Path $Folder "task-$UnderAzureDevOps.db"
        (Invoke-IsolatedPwsh -Command "Invoke-Migration -Path '$Folder' -Database '$db' -AllowModified | Out-Null" -Environment @{ TF_BUILD = $(if ($UnderAzureDevOps) { 'True' }) }).Output
    }
}

AfterAll {
    Remove-Item -Recurse -Force $Folder -ErrorAction Ignore
}

Describe 'Azure DevOps logging commands' {
    It 'are written under TF_BUILD: the failure as an error issue, the run as task progress' {
        $output = Invoke-AgentTask $true
        $output | Should -Match '##vso\[task\.logissue type=error;[^\]]*\]MigrationFailed: Migration 2 \(broken\) failed up'
        $output | Should -Match '##vso\[task\.setprogress value=\d+;\]Invoke-Migration'
    }

    It 'point the error at the failing script and line, with its ErrorId' {
        $output = Invoke-AgentTask $true
        $issue = @($output -split "`r?`n" | Where-Object { $_ -like '##vso`[task.logissue type=error;*' })[0]
        $issue | Should -Match ('sourcepath=' + [regex]::Escape((Join-Path $Folder '2_broken.up.sql')) + ';')
        $issue | Should -Match 'linenumber=1;'
        $issue | Should -Match 'code=MigrationFailed;'
    }

    It 'bring the task''s progress to 100 when the run ends' {
        $lines = @((Invoke-AgentTask $true) -split "`r?`n" | Where-Object { $_ -like '##vso`[task.setprogress*' })
        $lines[-1] | Should -Match '^##vso\[task\.setprogress value=100;\]Invoke-Migration'
    }

    It 'are not written anywhere else' {
        Invoke-AgentTask $false | Should -Not -Match '##vso'
    }
}
