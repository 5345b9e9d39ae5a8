using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Shop.Api.Data;

namespace Shop.Api.Controllers;

[ApiController]
[Route("products")]
[Authorize]
public class ProductsController(ShopDbContext db) : ControllerBase
{
    [HttpGet]
    public async Task<IEnumerable<Product>> List() => await db.Products.AsNoTracking().ToListAsync();
}
