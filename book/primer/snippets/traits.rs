mod geometry {
    // A trait: methods that any type can promise to have, like a Protocol.
    pub trait Area {
        fn area(&self) -> u64;
    }

    pub struct Rectangle {
        pub width: u64,
        pub height: u64,
    }

    // Rectangle keeps the promise.
    impl Area for Rectangle {
        fn area(&self) -> u64 {
            self.width * self.height
        }
    }
}

use geometry::Area; // without this line, `.area()` below is not found

fn main() {
    let rectangle = geometry::Rectangle { width: 3, height: 4 };
    assert_eq!(rectangle.area(), 12);
}
