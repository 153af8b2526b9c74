package dev.voicelog.cli;

/** The output formats of the commands: text for people, JSON and CSV for scripts (docs/cli-json.md). */
enum Format {
  text, json, csv
}
