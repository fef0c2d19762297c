using PhotoFactory;

var builder = DistributedApplication.CreateBuilder(args);

var librarian = builder.AddProject<Projects.PhotoFactory_Librarian>(ResourceNames.Librarian)
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.PhotoFactory_Monitor>(ResourceNames.Monitor)
    .WithHttpHealthCheck("/health")
    .WaitFor(librarian);

builder.AddProject<Projects.PhotoFactory_Dashboard>(ResourceNames.Dashboard)
    .WithHttpHealthCheck("/health")
    .WaitFor(librarian);

builder.Build().Run();
