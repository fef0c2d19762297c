namespace PhotoFactory.Catalog.Filing;

/// <summary>How far a claimed file has come; recovery rolls back everything short of <see cref="Catalogued"/>.</summary>
public enum IngestClaimStage
{
    /// <summary>Temporary copies may exist in the destination folder.</summary>
    Copying,

    /// <summary>Copies verified; files may already stand under their final names but are not catalogued.</summary>
    Placing,

    /// <summary>The asset row is committed; only removing the inbox copy remains.</summary>
    Catalogued,
}
