using System.Text.Json.Nodes;

namespace GroupReduce.Runtime.Tests.Hostile;

/// <summary>
/// Finds a field of a manifest by a path like <c>matrices[0].groups[L].u[0].data</c>, where <c>L</c> stands for the first
/// low-rank group of that matrix.
/// </summary>
internal static class ManifestPath
{
    public static (JsonNode Parent, string Key, int Index) Resolve(JsonObject manifest, string path)
    {
        JsonNode node = manifest;
        string[] steps = path.Split('.');
        for (int s = 0; s < steps.Length; s++)
        {
            string step = steps[s];
            int bracket = step.IndexOf('[', StringComparison.Ordinal);
            string key = bracket < 0 ? step : step[..bracket];
            if (bracket < 0)
            {
                if (s == steps.Length - 1)
                {
                    return (node, key, -1);
                }

                node = node[key]!;
                continue;
            }

            string indexText = step[(bracket + 1)..^1];
            JsonArray array = node[key]!.AsArray();
            int index = indexText == "L" ? array.Select((g, i) => (g, i)).First(x => (string?)x.g!["kind"] == "lowrank").i : int.Parse(indexText, System.Globalization.CultureInfo.InvariantCulture);
            if (s == steps.Length - 1)
            {
                return (array, key, index);
            }

            node = array[index]!;
        }

        throw new ArgumentException(path);
    }

    /// <summary>The concrete path (with <c>L</c> resolved), as error messages name it.</summary>
    public static string Concrete(JsonObject manifest, string path)
    {
        if (!path.Contains("[L]", StringComparison.Ordinal))
        {
            return path;
        }

        string prefix = path[..path.IndexOf("[L]", StringComparison.Ordinal)];
        JsonArray groups = (JsonArray)Resolve(manifest, prefix + "[0]").Parent;
        int index = groups.Select((g, i) => (g, i)).First(x => (string?)x.g!["kind"] == "lowrank").i;
        return path.Replace("[L]", $"[{index}]", StringComparison.Ordinal);
    }

    public static void Set(JsonObject manifest, string path, JsonNode? value)
    {
        (JsonNode parent, string key, int index) = Resolve(manifest, path);
        if (index >= 0)
        {
            ((JsonArray)parent)[index] = value;
        }
        else
        {
            parent[key] = value;
        }
    }

    public static void Remove(JsonObject manifest, string path)
    {
        (JsonNode parent, string key, int index) = Resolve(manifest, path);
        if (index >= 0)
        {
            ((JsonArray)parent).RemoveAt(index);
        }
        else
        {
            ((JsonObject)parent).Remove(key);
        }
    }

    public static JsonNode? Get(JsonObject manifest, string path)
    {
        (JsonNode parent, string key, int index) = Resolve(manifest, path);
        return index >= 0 ? ((JsonArray)parent)[index] : parent[key];
    }
}
