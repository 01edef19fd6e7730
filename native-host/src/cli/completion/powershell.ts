/** `bastionless completion powershell`: a native argument completer (Register-ArgumentCompleter), from the model. */
import type { CompletionCommand } from "./completion-model";

/** A single-quoted PowerShell string ('' is a quote inside it). */
const q = (s: string) => `'${s.replace(/'/g, "''")}'`;

function commandEntry(c: CompletionCommand): string {
  const flags = c.flags.map(
    (f) =>
      `      @{ Name = ${q(`--${f.long}`)}; Short = ${q(f.short ? `-${f.short}` : "")}; Value = $${f.takesValue}; Choices = @(${f.choices.map(q).join(", ")}); Description = ${q(f.description)} }`,
  );
  return `  ${q(c.name)} = @{
    Summary = ${q(c.summary)}
    Operands = @(${c.operandChoices.map(q).join(", ")})
    Flags = @(
${flags.join("\n")}
    )
  }`;
}

export function powershellScript(model: readonly CompletionCommand[]): string {
  return `# bastionless completion for PowerShell. Load it with:
#   bastionless completion powershell | Out-String | Invoke-Expression
# or add that line to your $PROFILE.
$bastionlessCommands = @{
${model.map(commandEntry).join("\n")}
}

Register-ArgumentCompleter -Native -CommandName bastionless, bastionless.exe -ScriptBlock {
  param($wordToComplete, $commandAst, $cursorPosition)
  $words = @($commandAst.CommandElements | Where-Object { $_.Extent.EndOffset -le $cursorPosition } | ForEach-Object { $_.ToString() })
  if ($wordToComplete -ne '' -and $words.Count -gt 0) { $words = $words[0..($words.Count - 2)] }
  $command = $words | Select-Object -Skip 1 | Where-Object { -not $_.StartsWith('-') } | Select-Object -First 1
  $result = [System.Management.Automation.CompletionResult]
  if (-not $command) {
    $bastionlessCommands.GetEnumerator() | Sort-Object Name | Where-Object { $_.Name -like "$wordToComplete*" } |
      ForEach-Object { $result::new($_.Name, $_.Name, 'ParameterValue', $_.Value.Summary) }
    return
  }
  $spec = $bastionlessCommands[$command]
  if (-not $spec) { return }
  $previous = if ($words.Count -gt 0) { $words[-1] } else { '' }
  $flag = $spec.Flags | Where-Object { $_.Value -and ($_.Name -eq $previous -or ($_.Short -ne '' -and $_.Short -eq $previous)) }
  if ($flag) {
    $flag.Choices | Where-Object { $_ -like "$wordToComplete*" } |
      ForEach-Object { $result::new($_, $_, 'ParameterValue', $_) }
    return
  }
  if ($wordToComplete.StartsWith('-')) {
    $spec.Flags | Where-Object { $_.Name -like "$wordToComplete*" } |
      ForEach-Object { $result::new($_.Name, $_.Name, 'ParameterName', $_.Description) }
    return
  }
  $spec.Operands | Where-Object { $_ -like "$wordToComplete*" } |
    ForEach-Object { $result::new($_, $_, 'ParameterValue', $_) }
}
`;
}
