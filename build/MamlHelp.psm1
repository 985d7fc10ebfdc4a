# Turns PlatyPS-schema markdown (docs/*.md) into MAML help, because PlatyPS is not available on every
# build machine. The markdown stays in PlatyPS's schema 2.0.0, so PlatyPS can take over where it exists.

Set-StrictMode -Version Latest

$script:Ns = @{
    maml    = 'http://schemas.microsoft.com/maml/2004/10'
    command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    dev     = 'http://schemas.microsoft.com/maml/dev/2004/10'
}

function Split-Sections {
    # Returns an ordered map of heading text -> body lines for headings of the given level.
    param([string[]] $Lines, [int] $Level)
    $prefix = ('#' * $Level) + ' '
    $sections = [ordered]@{}
    $current = $null
    $inFence = $false
    foreach ($line in $Lines) {
        if ($line -match '^```') { $inFence = -not $inFence }
        if (-not $inFence -and $line.StartsWith($prefix)) {
            $current = $line.Substring($prefix.Length).Trim()
            $sections[$current] = [System.Collections.Generic.List[string]]::new()
        }
        elseif ($null -ne $current) {
            $sections[$current].Add($line)
        }
    }
    $sections
}

function Get-Paragraphs {
    param([string[]] $Lines)
    $text = ($Lines -join "`n").Trim()
    if (-not $text) { return @() }
    @($text -split "\n\s*\n" | ForEach-Object { ($_ -replace '\s*\n\s*', ' ').Trim() } | Where-Object { $_ })
}

function Get-Fences {
    # Returns each fenced block as @{ Info; Text } and the lines outside any fence.
    param([string[]] $Lines)
    $blocks = [System.Collections.Generic.List[object]]::new()
    $outside = [System.Collections.Generic.List[string]]::new()
    $block = $null
    foreach ($line in $Lines) {
        if ($line -match '^```(.*)$') {
            if ($null -eq $block) { $block = @{ Info = $Matches[1].Trim(); Lines = [System.Collections.Generic.List[string]]::new() } }
            else { $blocks.Add(@{ Info = $block.Info; Text = ($block.Lines -join "`n") }); $block = $null }
        }
        elseif ($null -ne $block) { $block.Lines.Add($line) }
        else { $outside.Add($line) }
    }
    @{ Blocks = $blocks; Outside = $outside }
}

function ConvertFrom-ParameterYaml {
    param([string] $Text)
    $map = @{}
    foreach ($line in $Text -split "`n") {
        if ($line -match '^([^:]+):\s*(.*)$') { $map[$Matches[1].Trim()] = $Matches[2].Trim() }
    }
    $map
}

function Read-CommandMarkdown {
    param([string] $Path)
    $lines = Get-Content -LiteralPath $Path
    $online = $null
    if ($lines[0] -eq '---') {
        $end = [Array]::IndexOf($lines, '---', 1)
        $frontMatter = $lines[1..($end - 1)]
        $online = ($frontMatter | Where-Object { $_ -match '^online version:\s*(\S+)' } | ForEach-Object { $Matches[1] } | Select-Object -First 1)
        $lines = $lines[($end + 1)..($lines.Count - 1)]
    }
    $title = ($lines | Where-Object { $_ -match '^# ' } | Select-Object -First 1).Substring(2).Trim()
    $sections = Split-Sections $lines 2

    $parameters = [System.Collections.Generic.List[object]]::new()
    if ($sections.Contains('PARAMETERS')) {
        $parameterSections = Split-Sections $sections['PARAMETERS'] 3
        foreach ($name in $parameterSections.Keys) {
            if ($name -eq 'CommonParameters') { continue }
            $fences = Get-Fences $parameterSections[$name]
            $yamlBlocks = @($fences.Blocks | Where-Object { $_.Info -eq 'yaml' } | ForEach-Object { ConvertFrom-ParameterYaml $_.Text })
            if ($yamlBlocks.Count -eq 0) { throw "$Path`: parameter $name has no yaml block." }
            $first = $yamlBlocks[0]
            $sets = @($yamlBlocks | ForEach-Object { $_['Parameter Sets'] -split ',\s*' })
            $parameters.Add([pscustomobject]@{
                Name          = $name.TrimStart('-')
                Description   = Get-Paragraphs $fences.Outside
                Type          = $first['Type']
                Sets          = $sets
                Aliases       = $first['Aliases']
                Required      = @($yamlBlocks | ForEach-Object { $_['Required'] })
                Position      = $first['Position']
                Default       = $first['Default value']
                PipelineInput = $first['Accept pipeline input']
                Globbing      = $first['Accept wildcard characters']
            })
        }
    }

    $examples = [System.Collections.Generic.List[object]]::new()
    if ($sections.Contains('EXAMPLES')) {
        $exampleSections = Split-Sections $sections['EXAMPLES'] 3
        foreach ($name in $exampleSections.Keys) {
            $fences = Get-Fences $exampleSections[$name]
            $examples.Add([pscustomobject]@{
                Title   = $name
                Code    = ($fences.Blocks | ForEach-Object { $_.Text }) -join "`n"
                Remarks = Get-Paragraphs $fences.Outside
            })
        }
    }

    $typeList = {
        param($sectionName)
        if (-not $sections.Contains($sectionName)) { return @() }
        $typeSections = Split-Sections $sections[$sectionName] 3
        @($typeSections.Keys | ForEach-Object { [pscustomobject]@{ Name = $_; Description = Get-Paragraphs $typeSections[$_] } })
    }

    [pscustomobject]@{
        Name         = $title
        Synopsis     = (Get-Paragraphs $sections['SYNOPSIS']) -join ' '
        Description  = Get-Paragraphs $sections['DESCRIPTION']
        Parameters   = $parameters
        Examples     = $examples
        Inputs       = & $typeList 'INPUTS'
        Outputs      = & $typeList 'OUTPUTS'
        Notes        = if ($sections.Contains('NOTES')) { Get-Paragraphs $sections['NOTES'] } else { @() }
        RelatedLinks = @(Get-RelatedLinks $online $(if ($sections.Contains('RELATED LINKS')) { $sections['RELATED LINKS'] }))
    }
}

function Get-RelatedLinks {
    # Get-Help -Online opens the first link: the page's online version, as PlatyPS writes it. A link to a
    # sibling page (Get-Migration.md) is made absolute beside it, since help holds no relative URI.
    param([string] $Online, [string[]] $Lines)
    if ($Online) { [pscustomobject]@{ Text = 'Online Version:'; Uri = $Online } }
    $base = if ($Online) { $Online.Substring(0, $Online.LastIndexOf('/') + 1) } else { '' }
    foreach ($line in $Lines) {
        if ($line -notmatch '^\[(.+?)\]\((.*?)\)') { continue }
        $uri = $Matches[2]
        if ($uri -and $uri -notmatch '^[a-z]+://') { $uri = if ($base) { $base + $uri } else { '' } }
        [pscustomobject]@{ Text = $Matches[1]; Uri = $uri }
    }
}

function Write-Paras {
    param([System.Xml.XmlWriter] $Writer, [string] $Element, [string[]] $Paragraphs)
    $Writer.WriteStartElement('maml', $Element, $script:Ns.maml)
    foreach ($p in $Paragraphs) { $Writer.WriteElementString('maml', 'para', $script:Ns.maml, $p) }
    $Writer.WriteEndElement()
}

function Write-Parameter {
    param([System.Xml.XmlWriter] $Writer, $Parameter, [string] $Set)
    $isSwitch = $Parameter.Type -eq 'SwitchParameter'
    $required = if ($Set -and $Parameter.Sets.Count -eq $Parameter.Required.Count) { $Parameter.Required[[Array]::IndexOf($Parameter.Sets, $Set)] } else { $Parameter.Required[0] }
    $Writer.WriteStartElement('command', 'parameter', $script:Ns.command)
    $Writer.WriteAttributeString('required', ($required -eq 'True').ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('variableLength', 'true')
    $Writer.WriteAttributeString('globbing', ($Parameter.Globbing -eq 'True').ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('pipelineInput', $Parameter.PipelineInput)
    $Writer.WriteAttributeString('position', $(if ($Parameter.Position -match '^\d+$') { $Parameter.Position } else { 'named' }))
    $Writer.WriteAttributeString('aliases', $(if ($Parameter.Aliases) { $Parameter.Aliases } else { 'none' }))
    $Writer.WriteElementString('maml', 'name', $script:Ns.maml, $Parameter.Name)
    Write-Paras $Writer 'description' $Parameter.Description
    if (-not $isSwitch) {
        $Writer.WriteStartElement('command', 'parameterValue', $script:Ns.command)
        $Writer.WriteAttributeString('required', 'true')
        $Writer.WriteAttributeString('variableLength', 'false')
        $Writer.WriteString($Parameter.Type)
        $Writer.WriteEndElement()
    }
    $Writer.WriteStartElement('dev', 'type', $script:Ns.dev)
    $Writer.WriteElementString('maml', 'name', $script:Ns.maml, $Parameter.Type)
    $Writer.WriteElementString('maml', 'uri', $script:Ns.maml, '')
    $Writer.WriteEndElement()
    $Writer.WriteElementString('dev', 'defaultValue', $script:Ns.dev, $(if ($Parameter.Default) { $Parameter.Default } else { 'None' }))
    $Writer.WriteEndElement()
}

function Write-TypeList {
    param([System.Xml.XmlWriter] $Writer, [string] $Outer, [string] $Inner, $Types)
    $Writer.WriteStartElement('command', $Outer, $script:Ns.command)
    foreach ($type in $Types) {
        $Writer.WriteStartElement('command', $Inner, $script:Ns.command)
        $Writer.WriteStartElement('dev', 'type', $script:Ns.dev)
        $Writer.WriteElementString('maml', 'name', $script:Ns.maml, $type.Name)
        $Writer.WriteEndElement()
        Write-Paras $Writer 'description' $type.Description
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}

function Write-CommandHelp {
    param([System.Xml.XmlWriter] $Writer, $Help)
    $verb, $noun = $Help.Name -split '-', 2
    $Writer.WriteStartElement('command', 'command', $script:Ns.command)
    $Writer.WriteAttributeString('xmlns', 'maml', $null, $script:Ns.maml)
    $Writer.WriteAttributeString('xmlns', 'dev', $null, $script:Ns.dev)

    $Writer.WriteStartElement('command', 'details', $script:Ns.command)
    $Writer.WriteElementString('command', 'name', $script:Ns.command, $Help.Name)
    $Writer.WriteElementString('command', 'verb', $script:Ns.command, $verb)
    $Writer.WriteElementString('command', 'noun', $script:Ns.command, $noun)
    Write-Paras $Writer 'description' @($Help.Synopsis)
    $Writer.WriteEndElement()

    Write-Paras $Writer 'description' $Help.Description

    $Writer.WriteStartElement('command', 'syntax', $script:Ns.command)
    $sets = @($Help.Parameters | ForEach-Object { $_.Sets } | Where-Object { $_ -and $_ -ne '(All)' } | Select-Object -Unique)
    if ($sets.Count -eq 0) { $sets = @('(All)') }
    foreach ($set in $sets) {
        $Writer.WriteStartElement('command', 'syntaxItem', $script:Ns.command)
        $Writer.WriteElementString('maml', 'name', $script:Ns.maml, $Help.Name)
        foreach ($parameter in $Help.Parameters) {
            if ($parameter.Sets -contains $set -or $parameter.Sets -contains '(All)') { Write-Parameter $Writer $parameter $set }
        }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'parameters', $script:Ns.command)
    foreach ($parameter in $Help.Parameters) { Write-Parameter $Writer $parameter $null }
    $Writer.WriteEndElement()

    Write-TypeList $Writer 'inputTypes' 'inputType' $Help.Inputs
    Write-TypeList $Writer 'returnValues' 'returnValue' $Help.Outputs

    $Writer.WriteStartElement('maml', 'alertSet', $script:Ns.maml)
    $Writer.WriteStartElement('maml', 'alert', $script:Ns.maml)
    foreach ($p in $Help.Notes) { $Writer.WriteElementString('maml', 'para', $script:Ns.maml, $p) }
    $Writer.WriteEndElement()
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'examples', $script:Ns.command)
    foreach ($example in $Help.Examples) {
        $Writer.WriteStartElement('command', 'example', $script:Ns.command)
        $Writer.WriteElementString('maml', 'title', $script:Ns.maml, "-------------------------- $($example.Title) --------------------------")
        $Writer.WriteElementString('dev', 'code', $script:Ns.dev, $example.Code)
        $Writer.WriteStartElement('dev', 'remarks', $script:Ns.dev)
        foreach ($p in $example.Remarks) { $Writer.WriteElementString('maml', 'para', $script:Ns.maml, $p) }
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'relatedLinks', $script:Ns.command)
    foreach ($link in $Help.RelatedLinks) {
        $Writer.WriteStartElement('maml', 'navigationLink', $script:Ns.maml)
        $Writer.WriteElementString('maml', 'linkText', $script:Ns.maml, $link.Text)
        $Writer.WriteElementString('maml', 'uri', $script:Ns.maml, $link.Uri)
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteEndElement()
}

<#
.SYNOPSIS
An about topic's markdown as Get-Help shows about topics: TOPIC and the section names in capitals, the
subsections set in by two, the text by four, no markdown marks left.
#>
function ConvertTo-AboutText {
    param([string[]] $Markdown)
    foreach ($line in $Markdown) {
        if ($line -match '^# (.+)$') { 'TOPIC'; '    ' + $Matches[1].Trim(); continue }
        if ($line -match '^## (.+)$') { $Matches[1].Trim().ToUpperInvariant(); continue }
        if ($line -match '^### (.+)$') { '  ' + $Matches[1].Trim().ToUpperInvariant(); continue }
        if ($line -match '^\s*$') { ''; continue }
        '    ' + ($line -replace '`', '')
    }
}

<#
.SYNOPSIS
Writes {module}.dll-Help.xml and about_*.help.txt into OutputPath from the markdown in DocsPath.
#>
function ConvertTo-MamlHelp {
    param(
        [Parameter(Mandatory)] [string] $DocsPath,
        [Parameter(Mandatory)] [string] $OutputPath,
        [Parameter(Mandatory)] [string] $AssemblyName
    )
    $null = New-Item -ItemType Directory -Force -Path $OutputPath
    $settings = [System.Xml.XmlWriterSettings]::new()
    $settings.Indent = $true
    $settings.Encoding = [System.Text.UTF8Encoding]::new($false)
    $file = Join-Path $OutputPath "$AssemblyName-Help.xml"
    $writer = [System.Xml.XmlWriter]::Create($file, $settings)
    try {
        $writer.WriteStartDocument()
        $writer.WriteStartElement('helpItems', 'http://msh')
        $writer.WriteAttributeString('schema', 'maml')
        # Cmdlet pages carry PlatyPS front matter; guides such as fleet-at-scale.md do not.
        foreach ($page in Get-ChildItem -LiteralPath $DocsPath -Filter '*-*.md' | Where-Object { (Get-Content -LiteralPath $_.FullName -TotalCount 3) -match '^external help file:' } | Sort-Object Name) {
            Write-CommandHelp $writer (Read-CommandMarkdown $page.FullName)
        }
        $writer.WriteEndElement()
        $writer.WriteEndDocument()
    }
    finally {
        $writer.Dispose()
    }

    foreach ($about in Get-ChildItem -LiteralPath $DocsPath -Filter 'about_*.md') {
        $text = Get-Content -LiteralPath $about.FullName
        if ($text[0] -eq '---') { $text = $text[([Array]::IndexOf($text, '---', 1) + 1)..($text.Count - 1)] }
        Set-Content -LiteralPath (Join-Path $OutputPath ($about.BaseName + '.help.txt')) -Value (ConvertTo-AboutText $text) -Encoding utf8NoBOM
    }
}

<#
.SYNOPSIS
Writes the module's updatable help into OutputPath: {module}_{guid}_HelpInfo.xml and the help files of
each culture folder zipped as {module}_{guid}_{culture}_HelpContent.zip, which Update-Help reads on every
platform PowerShell 7 runs on (Windows PowerShell's .cab is not made here).
#>
function New-UpdatableHelp {
    param(
        [Parameter(Mandatory)] [string] $ModulePath,
        [Parameter(Mandatory)] [string] $OutputPath,
        [Parameter(Mandatory)] [string] $HelpContentUri
    )
    $manifest = Import-PowerShellDataFile (Get-ChildItem -LiteralPath $ModulePath -Filter '*.psd1' | Select-Object -First 1).FullName
    $name = Split-Path $ModulePath -Leaf
    $prefix = '{0}_{1}' -f $name, $manifest.GUID
    Remove-Item -Recurse -Force $OutputPath -ErrorAction Ignore
    $null = New-Item -ItemType Directory -Force -Path $OutputPath
    $version = [version] $manifest.ModuleVersion
    # Update-Help compares four-part versions; the module's three parts gain a zero.
    $helpVersion = [version]::new($version.Major, $version.Minor, [math]::Max(0, $version.Build), [math]::Max(0, $version.Revision))

    $cultures = foreach ($folder in Get-ChildItem -LiteralPath $ModulePath -Directory | Where-Object { $_.Name -match '^[a-z]{2}-[A-Z]{2}$' }) {
        $files = @(Get-ChildItem -LiteralPath $folder.FullName -File | Where-Object Extension -in '.xml', '.txt')
        Compress-Archive -LiteralPath $files.FullName -DestinationPath (Join-Path $OutputPath "${prefix}_$($folder.Name)_HelpContent.zip") -Force
        $folder.Name
    }

    $settings = [System.Xml.XmlWriterSettings]::new()
    $settings.Indent = $true
    $settings.Encoding = [System.Text.UTF8Encoding]::new($false)
    $writer = [System.Xml.XmlWriter]::Create((Join-Path $OutputPath "${prefix}_HelpInfo.xml"), $settings)
    try {
        $ns = 'http://schemas.microsoft.com/powershell/help/2010/05'
        $writer.WriteStartElement('HelpInfo', $ns)
        $writer.WriteElementString('HelpContentURI', $ns, $HelpContentUri)
        $writer.WriteStartElement('SupportedUICultures', $ns)
        foreach ($culture in $cultures) {
            $writer.WriteStartElement('UICulture', $ns)
            $writer.WriteElementString('UICultureName', $ns, $culture)
            $writer.WriteElementString('UICultureVersion', $ns, $helpVersion.ToString())
            $writer.WriteEndElement()
        }
        $writer.WriteEndElement()
        $writer.WriteEndElement()
    }
    finally {
        $writer.Dispose()
    }
}

Export-ModuleMember -Function ConvertTo-MamlHelp, Read-CommandMarkdown, New-UpdatableHelp
