using System.Globalization;
using System.Text;

namespace PhotoFactory.AppHost.Publishing;

/// <summary>A YAML mapping that keeps its keys in the order they were added, so the written file is stable.</summary>
public sealed class YamlMap : List<KeyValuePair<string, object>>
{
    public void Add(string key, object value) => Add(new KeyValuePair<string, object>(key, value));

    public bool ContainsKey(string key) => this.Any(entry => entry.Key == key);

    /// <summary>
    /// Block-style YAML with every string double-quoted, so no value is read back as a number, a boolean or a
    /// sexagesimal port (PyYAML, behind Debian's docker-compose, still reads YAML 1.1, where 22:00 is a number).
    /// </summary>
    public string ToYaml()
    {
        var yaml = new StringBuilder();
        WriteMap(yaml, this, 0);
        return yaml.ToString();
    }

    private static void WriteMap(StringBuilder yaml, YamlMap map, int indent)
    {
        foreach (var (key, value) in map)
        {
            yaml.Append(' ', indent).Append(key).Append(':');
            WriteValue(yaml, value, indent);
        }
    }

    private static void WriteValue(StringBuilder yaml, object value, int indent)
    {
        switch (value)
        {
            case YamlMap { Count: 0 }:
                yaml.Append(" {}\n");
                break;
            case YamlMap map:
                yaml.Append('\n');
                WriteMap(yaml, map, indent + 2);
                break;
            case IEnumerable<object> list when !list.Any():
                yaml.Append(" []\n");
                break;
            case IEnumerable<object> list:
                yaml.Append('\n');
                foreach (var item in list)
                {
                    WriteListItem(yaml, item, indent + 2);
                }

                break;
            default:
                yaml.Append(' ').Append(Scalar(value)).Append('\n');
                break;
        }
    }

    private static void WriteListItem(StringBuilder yaml, object item, int indent)
    {
        if (item is YamlMap { Count: > 0 } map)
        {
            // The first key on the dash's line, the others aligned under it.
            var item0 = new StringBuilder();
            WriteMap(item0, map, indent + 2);
            var text = item0.ToString();
            yaml.Append(' ', indent).Append("- ").Append(text.AsSpan(indent + 2));
            return;
        }

        yaml.Append(' ', indent).Append("- ").Append(Scalar(item)).Append('\n');
    }

    private static string Scalar(object value) => value switch
    {
        string text => Quote(text),
        bool flag => flag ? "true" : "false",
        int number => number.ToString(CultureInfo.InvariantCulture),
        _ => throw new InvalidOperationException($"No YAML form for {value.GetType().Name}"),
    };

    private static string Quote(string text)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in text)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return quoted.Append('"').ToString();
    }
}
