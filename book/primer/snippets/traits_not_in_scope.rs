mod geometry {
    pub trait Area {
        fn area(&self) -> u64;
    }

    pub struct Rectangle {
        pub width: u64,
        pub height: u64,
    }

    impl Area for Rectangle {
        fn area(&self) -> u64 {
            self.width * self.height
        }
    }
}

fn main() {
    let rectangle = geometry::Rectangle { width: 3, height: 4 };
    assert_eq!(rectangle.area(), 12); // error: the trait `Area` is not in scope
}
