// The registry on a plain ASP.NET Core host: local runs, tests and self-hosting.
// Same endpoint code as the Functions app; storage from the AzureWebJobsStorage setting,
// authentication from the Registry:Auth section, blob downloads from Registry:Blobs.
var builder = WebApplication.CreateBuilder(args);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = null);
builder.Services.AddRegistryEndpoint(builder.Configuration);
builder.Services.AddAzureRegistryStorage(builder.Configuration);
builder.Services.AddRegistryAuth(builder.Configuration);

var app = builder.Build();
app.UseRegistry();
app.Run();
