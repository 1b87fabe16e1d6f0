using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// The registry as an isolated-worker Azure Functions app with ASP.NET Core integration
// (needed for chunked request bodies). Same endpoint code as the plain host.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

// The worker's own Kestrel caps bodies at 30,000,000 bytes; layers may be any size.
builder.Services.Configure<KestrelServerOptions>(kestrel => kestrel.Limits.MaxRequestBodySize = null);
builder.Services.AddRegistryEndpoint(builder.Configuration);
builder.Services.AddAzureRegistryStorage(builder.Configuration);
builder.Services.AddRegistryAuth(builder.Configuration);

builder.Build().Run();
