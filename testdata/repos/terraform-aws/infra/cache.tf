resource "aws_elasticache_subnet_group" "main" {
  name       = "reports"
  subnet_ids = module.vpc.private_subnets
}

resource "aws_elasticache_replication_group" "main" {
  replication_group_id = "reports"
  description          = "Session and result cache"
  engine               = "redis"
  engine_version       = "7.1"
  node_type            = "cache.t4g.small"
  num_cache_clusters   = 2
  subnet_group_name    = aws_elasticache_subnet_group.main.name
}
