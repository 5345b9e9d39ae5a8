resource "aws_db_subnet_group" "main" {
  name       = "reports"
  subnet_ids = module.vpc.private_subnets
}

resource "aws_db_instance" "main" {
  identifier              = "reports"
  engine                  = "postgres"
  engine_version          = "16.3"
  instance_class          = "db.t4g.medium"
  allocated_storage       = 50
  db_name                 = "reports"
  username                = "reports"
  manage_master_user_password = true
  multi_az                = true
  db_subnet_group_name    = aws_db_subnet_group.main.name
  backup_retention_period = 7
  skip_final_snapshot     = false
}
