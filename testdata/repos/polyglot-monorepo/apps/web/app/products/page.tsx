async function getProducts() {
  const res = await fetch(`${process.env.CATALOG_URL}/products`, { next: { revalidate: 60 } });
  return res.json();
}

export default async function ProductsPage() {
  const products: { sku: string; name: string }[] = await getProducts();
  return (
    <ul>
      {products.map((p) => (
        <li key={p.sku}>{p.name}</li>
      ))}
    </ul>
  );
}
