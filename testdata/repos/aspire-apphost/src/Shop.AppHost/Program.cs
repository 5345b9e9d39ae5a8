using Aspire.Hosting;

var builder = DistributedApplication.CreateBuilder(args);

// Infrastructure the services share.
var redis = builder.AddRedis("basket-cache")
    .WithImageTag("7.4");
var eventBus = builder.AddRabbitMQ("eventbus")
    .WithLifetime(ContainerLifetime.Persistent);
var postgres = builder.AddPostgres("postgres")
    .WithImage("pgvector/pgvector")
    .WithImageTag("pg17")
    .WithLifetime(ContainerLifetime.Persistent);
var catalogDb = postgres.AddDatabase("catalogdb");

// builder.AddKafka("kafka"); // tried, not used

var catalogApi = builder.AddProject<Projects.Catalog_Api>("catalog-api")
    .WithReference(eventBus).WaitFor(eventBus)
    .WithReference(catalogDb).WaitFor(catalogDb)
    .WithReplicas(2);

builder.AddProject<Projects.Basket_Api>("basket-api")
    .WithReference(redis)
    .WithReference(eventBus);

builder.Build().Run();
