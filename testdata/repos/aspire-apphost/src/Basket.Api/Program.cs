var builder = WebApplication.CreateBuilder(args);
builder.AddRedisClient("basket-cache");
var app = builder.Build();
app.MapGet("/basket", () => Results.Ok());
app.Run();
