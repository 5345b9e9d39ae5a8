using Microsoft.AspNetCore.Mvc.Testing;
using Xunit;

public class ProductsTests(WebApplicationFactory<Program> factory) : IClassFixture<WebApplicationFactory<Program>>
{
    [Fact]
    public async Task ProductsNeedAuth()
    {
        var res = await factory.CreateClient().GetAsync("/products");
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, res.StatusCode);
    }
}
