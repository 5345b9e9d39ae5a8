var builder = WebApplication.CreateBuilder(args);
builder.AddNpgsqlDbContext<CatalogContext>("catalogdb");
builder.AddRabbitMQClient("eventbus");
var app = builder.Build();
app.MapGet("/items", () => Results.Ok());
app.Run();
