using Registry.Http;

// The registry on a plain ASP.NET Core host: local runs, tests and self-hosting.
// Same endpoint code as the Functions app; storage from the AzureWebJobsStorage setting.
var builder = WebApplication.CreateBuilder(args);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = null);
builder.Services.AddRegistryEndpoint();
builder.Services.AddAzureRegistryStorage(builder.Configuration);

var app = builder.Build();
var endpoint = app.Services.GetRequiredService<RegistryEndpoint>();
app.MapWhen(context => context.Request.Path.StartsWithSegments(Registry.Http.Routing.RouteMatcher.Prefix), v2 => v2.Run(endpoint.HandleAsync));
app.Run();
