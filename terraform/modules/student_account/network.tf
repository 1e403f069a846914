# One shared VPC; every student gets a /24 of their own, numbered by the stable subnet_index
# the roster pipeline assigns, so adding or removing a student never renumbers the others.

resource "aws_vpc" "shared" {
  cidr_block           = var.vpc_cidr
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = { Name = "students-shared" }
}

resource "aws_internet_gateway" "shared" {
  vpc_id = aws_vpc.shared.id

  tags = { Name = "students-shared" }
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.shared.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.shared.id
  }

  tags = { Name = "students-public" }
}

resource "aws_subnet" "student" {
  for_each = var.students

  vpc_id                  = aws_vpc.shared.id
  cidr_block              = cidrsubnet(var.vpc_cidr, 8, each.value.subnet_index)
  availability_zone       = var.availability_zones[each.value.subnet_index % length(var.availability_zones)]
  map_public_ip_on_launch = false

  tags = {
    Name  = "student-${each.key}"
    Owner = each.key
  }
}

resource "aws_route_table_association" "student" {
  for_each = var.students

  subnet_id      = aws_subnet.student[each.key].id
  route_table_id = aws_route_table.public.id
}

# The VPC's default security group allows nothing; students create their own groups.
resource "aws_default_security_group" "shared" {
  vpc_id = aws_vpc.shared.id

  tags = { Name = "students-default-deny" }
}
