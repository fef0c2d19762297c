using PhotoFactory.Catalog.Health;

namespace PhotoFactory.Monitor.Alerts;

/// <summary>A change worth a call: a row turned ERROR, or is OK again after one.</summary>
public sealed record StatusAlert(string Service, ServiceState Status, ServiceState? Previous, string Message, DateTime At);
